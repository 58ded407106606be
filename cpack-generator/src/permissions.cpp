// Implemented in a later step.
#include "parcel/permissions.hpp"
