parcel_add(app NAME APP VERSION 1.0 DISTROS el7 RELEASE_NOTES no-such-file.txt)
