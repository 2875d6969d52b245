/* AK_API marks the declarations the shared library exports; everything else is hidden, so the
 * library's copies of its dependencies never clash with a host's. Shared by the C header and the
 * C++ headers. */
#ifndef ASHBYKNIT_EXPORT_H
#define ASHBYKNIT_EXPORT_H

#if defined(_WIN32)
#  if defined(AK_BUILDING_LIBRARY)
#    define AK_API __declspec(dllexport)
#  else
#    define AK_API
#  endif
#else
#  define AK_API __attribute__((visibility("default")))
#endif

#endif /* ASHBYKNIT_EXPORT_H */
