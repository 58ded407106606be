# The emulated Cloudera Manager host: distribute, activate, deactivate, roll back.
target_sources(parcel_core PRIVATE
  src/host/extract.cpp
  src/host/host.cpp
  src/host/safe_fs.cpp
  src/host/state.cpp
  src/host/version_order.cpp)
target_sources(parceltool PRIVATE
  tool/commands/host.cpp)
