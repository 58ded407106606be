// Implemented in a later step.
#include "parcel/payload.hpp"
