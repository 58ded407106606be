file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/greet" "#!/bin/sh\necho hello\n")
install(PROGRAMS "${CMAKE_CURRENT_BINARY_DIR}/greet" DESTINATION bin)
parcel_add(app NAME APP VERSION 1.0 DISTROS el8 AUDIT ON)
parcel_add_alternative(app sudo DESTINATION /usr/bin/sudo SOURCE bin/greet PRIORITY 10)
