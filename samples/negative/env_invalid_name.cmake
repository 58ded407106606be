parcel_add(app NAME APP VERSION 1.0 DISTROS el7 ENV "1X=y")
