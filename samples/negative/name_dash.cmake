parcel_add(app NAME my-app VERSION 1.0 DISTROS el7)
