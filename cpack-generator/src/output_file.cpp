// Implemented in a later step.
#include "parcel/output_file.hpp"
