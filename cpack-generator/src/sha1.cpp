// Implemented in a later step.
#include "parcel/sha1.hpp"
