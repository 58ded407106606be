// Implemented in a later step.
#include "parcel/relations.hpp"
