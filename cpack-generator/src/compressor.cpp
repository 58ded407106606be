// Implemented in a later step.
#include "parcel/compressor.hpp"
