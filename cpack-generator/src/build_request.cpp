// Implemented in a later step.
#include "parcel/build_request.hpp"
