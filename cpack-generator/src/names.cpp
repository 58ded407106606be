// Implemented in a later step.
#include "parcel/names.hpp"
