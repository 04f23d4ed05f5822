# Cross build for Debian's s390x (multiarch libraries in /usr/lib/s390x-linux-gnu),
# the tests run under qemu-user: cmake -DCMAKE_TOOLCHAIN_FILE=this
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR s390x)
set(CMAKE_C_COMPILER s390x-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE s390x-linux-gnu)
set(CMAKE_FIND_ROOT_PATH /usr/s390x-linux-gnu /usr/lib/s390x-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-s390x;-L;/usr/s390x-linux-gnu)
# Debian 12's qemu-s390x (7.2) aborts every dynamically linked s390x
# program in ld.so ("stack smashing detected", even for return 0); static
# programs run, so the tests are linked statically
set(CMAKE_EXE_LINKER_FLAGS_INIT -static)
