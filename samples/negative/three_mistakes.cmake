parcel_add(p NAME P VERSION 1.0 DISTROS el8)
parcel_add_alternative(p x DESTINATION usr/bin/x SOURCE ./bin/x PRIORITY ten)
