# Custom Service Descriptors: SDL/MDL validation and CSD jars.
target_sources(parcel_core PRIVATE
  src/csd/descriptor_walk.cpp
  src/csd/relaxed_json.cpp
  src/csd/sdl.cpp
  src/csd/mdl.cpp
  src/csd/zip_writer.cpp
  src/csd/csd_jar.cpp)
target_sources(parceltool PRIVATE
  tool/commands/csd.cpp
  tool/commands/validate_csd_kinds.cpp)
