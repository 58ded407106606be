// Implemented in a later step.
#include "parcel/byte_sink.hpp"
