// Implemented in a later step.
#include "parcel/alternatives.hpp"
