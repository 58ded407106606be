// Implemented in a later step.
#include "parcel/distros.hpp"
