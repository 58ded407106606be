parcel_add(app_el8 NAME APP VERSION 1.0 DISTROS el8)
parcel_add(app_again NAME APP VERSION 1.0 DISTROS el7 el8)
