// Implemented in a later step.
#include "parcel/parcel_check.hpp"
