file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/tool.sh" "#!/bin/sh\n")
install(PROGRAMS "${CMAKE_CURRENT_BINARY_DIR}/tool.sh" DESTINATION /usr/bin)
parcel_add(app NAME APP VERSION 1.0 DISTROS el8)
