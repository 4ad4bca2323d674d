// sipkit version macros.
#pragma once

#define SIPKIT_VERSION_MAJOR 0
#define SIPKIT_VERSION_MINOR 1
#define SIPKIT_VERSION_PATCH 0
#define SIPKIT_VERSION_STRING "0.1.0"
