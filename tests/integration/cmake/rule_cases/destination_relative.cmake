parcel_add(app NAME APP VERSION 1.0 DISTROS el7)
parcel_add_alternative(app app DESTINATION usr/bin/app SOURCE bin/app PRIORITY 10)
