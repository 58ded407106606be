// Implemented in a later step.
#include "parcel/error.hpp"
