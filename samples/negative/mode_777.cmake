parcel_add(app NAME APP VERSION 1.0 DISTROS el7)
parcel_set_permissions(app bin/app USER root GROUP root MODE 777)
