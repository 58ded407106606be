# The audit step of parcel_add(... AUDIT ON) and parcel_add_test (modules/Parcel.cmake,
# modules/ParcelTest.cmake): `parceltool validate --audit` on each parcel.
#   cmake -DPARCELTOOL=<exe> -DPARCEL_TARGET=<target> -DPARCEL_FILES=<parcel>;...
#         [-DPARCEL_REMOVE_ON_FAILURE=<file>;...] -P ParcelAuditRun.cmake
# An error-level finding (exit 1) fails the step. After a build, the files in
# PARCEL_REMOVE_ON_FAILURE (the parcels and their .sha) are removed first, so
# the next build runs the audit again instead of keeping a refused parcel.
cmake_minimum_required(VERSION 3.21)

foreach(parcel IN LISTS PARCEL_FILES)
  execute_process(COMMAND "${PARCELTOOL}" validate --audit "${parcel}" RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    if(PARCEL_REMOVE_ON_FAILURE)
      file(REMOVE ${PARCEL_REMOVE_ON_FAILURE})
      set(removed " The parcels of ${PARCEL_TARGET} were removed.")
    else()
      set(removed "")
    endif()
    message(FATAL_ERROR "${PARCEL_TARGET}: the audit of ${parcel} failed (exit ${result}): "
      "see the error-level findings above (docs/audit.md says what each code means and "
      "how to fix it; a set-id or world-writable file is accepted once parcel_set_permissions() "
      "declares its MODE).${removed} AUDIT OFF turns the audit off.")
  endif()
endforeach()
