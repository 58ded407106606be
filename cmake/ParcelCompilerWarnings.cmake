# parcel_enable_warnings(<target>): the warning set every target of this project is built with.
function(parcel_enable_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                              -Wno-sign-conversion)
  endif()
endfunction()
