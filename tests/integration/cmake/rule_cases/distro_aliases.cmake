# The suggestions come from distroAliases() (rules/distros.cpp), exported.
parcel_add(app NAME APP VERSION 1.0 DISTROS rocky9 alma9 ol8 el77)
