// Implemented in a later step.
#include "parcel/parcel_reader.hpp"
