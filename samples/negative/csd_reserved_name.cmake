parcel_add_csd(svc NAME HDFS VERSION 1.0 SDL csd_template_error.sdl)
