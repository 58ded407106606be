// Implemented in a later step.
#include "parcel/env_script.hpp"
