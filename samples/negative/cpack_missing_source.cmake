# Configures fine: whether an install rule provides an alternative's SOURCE is
# known only once the project is staged. `cpack -G External` must then fail
# with parceltool's message.
file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/app.txt" "app\n")
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/app.txt" DESTINATION share/app)
parcel_add(app NAME APP VERSION 1.0 DISTROS el7)
parcel_add_alternative(app app DESTINATION /usr/bin/app SOURCE bin/app PRIORITY 10)
parcel_enable_cpack()
include(CPack)
