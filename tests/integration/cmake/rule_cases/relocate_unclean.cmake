# The module's regex accepted OLD with a ".." part; checkRelocation refuses it.
parcel_add(app NAME APP VERSION 1.0 DISTROS el7 FROM_PACKAGES demo.rpm RELOCATE /opt/../x=.)
