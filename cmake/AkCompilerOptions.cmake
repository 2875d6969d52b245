# Compiler settings shared by every ashbyknit target, through the ak_compile_options target.

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES AND AK_IS_TOP_LEVEL)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

add_library(ak_compile_options INTERFACE)
target_compile_features(ak_compile_options INTERFACE cxx_std_17)
target_compile_options(ak_compile_options INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>)

if(AK_SANITIZE AND AK_SANITIZE_THREAD)
  message(FATAL_ERROR "AK_SANITIZE and AK_SANITIZE_THREAD cannot be combined: build them in separate directories.")
endif()
if(AK_SANITIZE)
  set(ak_sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
elseif(AK_SANITIZE_THREAD)
  set(ak_sanitize_flags -fsanitize=thread -fno-omit-frame-pointer)
endif()
if(ak_sanitize_flags)
  target_compile_options(ak_compile_options INTERFACE ${ak_sanitize_flags})
  target_link_options(ak_compile_options INTERFACE ${ak_sanitize_flags})
endif()
