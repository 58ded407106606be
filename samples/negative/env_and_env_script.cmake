parcel_add(app NAME APP VERSION 1.0 DISTROS el7 ENV "A=1" ENV_SCRIPT CMakeLists.txt)
