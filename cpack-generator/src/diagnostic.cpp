// Implemented in a later step.
#include "parcel/diagnostic.hpp"
