parcel_add(app NAME APP VERSION 1.0 DISTROS el8)
parcel_add_test(app NAME app.runs COMMAND true)
