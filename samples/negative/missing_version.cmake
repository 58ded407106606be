parcel_add(app NAME APP DISTROS el7)
