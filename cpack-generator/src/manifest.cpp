// Implemented in a later step.
#include "parcel/manifest.hpp"
