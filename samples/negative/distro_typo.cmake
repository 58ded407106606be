parcel_add(app NAME APP VERSION 1.0 DISTROS rhel8 jamy)
