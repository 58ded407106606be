parcel_add_csd(svc NAME SVC VERSION 1.0 SDL service.sdl SCRIPT scripts)
