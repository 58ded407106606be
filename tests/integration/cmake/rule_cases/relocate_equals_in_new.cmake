# The module's regex refused a '=' in NEW; checkRelocation splits at the first '='.
parcel_add(app NAME APP VERSION 1.0 DISTROS el7 FROM_PACKAGES demo.rpm RELOCATE /opt/x=lib/a=b)
