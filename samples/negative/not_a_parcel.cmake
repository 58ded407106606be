add_custom_target(app)
parcel_add_user(app appuser)
