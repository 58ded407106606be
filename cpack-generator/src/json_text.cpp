// Implemented in a later step.
#include "parcel/json_text.hpp"
