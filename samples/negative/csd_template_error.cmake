parcel_add_csd(hello_csd NAME HELLO VERSION 1.0 SDL csd_template_error.sdl)
