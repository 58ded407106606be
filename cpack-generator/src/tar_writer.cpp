// Implemented in a later step.
#include "parcel/tar_writer.hpp"
