// Implemented in a later step.
#include "parcel/parcel_metadata.hpp"
