# The audit: what a parcel will do as root on every host, for an operator (docs/audit.md).
target_sources(parcel_core PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/audit_report.cpp
  ${CMAKE_CURRENT_LIST_DIR}/env_script_audit.cpp
  ${CMAKE_CURRENT_LIST_DIR}/member_mode_checks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/parcel_audit.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sensitive_targets.cpp
)
target_sources(parceltool PRIVATE
  tool/commands/audit_option.cpp
)
