# libxfs unit tests: the in-core extent list, the allocator, the ownership
# model and the bmap extent edits.  The libxfs sources, xfs_inode.c
# (xfs_get_cowextsz_hint, the inode locks), xfs_mount.c (xfs_mod_fdblocks)
# and own/cf_space_check.c are compiled straight into each test with
# tests/libxfs_shim.c standing in for the simulator, so these tests do not
# depend on cowfuzz_core.
set(LIBXFS_SRC ${COWFUZZ_ROOT}/src)
set(LIBXFS_PORT_SOURCES)
foreach(f xfs_iext.c xfs_alloc.c xfs_rmap.c xfs_refcount.c xfs_bmap.c)
  if(EXISTS ${LIBXFS_SRC}/xfs/libxfs/${f})
    list(APPEND LIBXFS_PORT_SOURCES ${LIBXFS_SRC}/xfs/libxfs/${f})
  endif()
endforeach()

function(libxfs_add_test name)
  add_executable(test_libxfs_${name}
                 ${CMAKE_CURRENT_SOURCE_DIR}/test_libxfs_${name}.c
                 ${CMAKE_CURRENT_SOURCE_DIR}/libxfs_shim.c
                 ${LIBXFS_SRC}/sim/trace_libxfs.c
                 ${LIBXFS_SRC}/xfs/xfs_inode.c
                 ${LIBXFS_SRC}/xfs/xfs_mount.c
                 ${LIBXFS_SRC}/xfs/own/cf_space_check.c
                 ${LIBXFS_PORT_SOURCES})
  # src/shim is a quote-only include dir: as -I, its linux/errno.h would
  # shadow the system <linux/errno.h> that glibc's <errno.h> includes,
  # leaving ENOSPC and friends undefined.
  target_include_directories(test_libxfs_${name} PRIVATE
                 ${LIBXFS_SRC} ${LIBXFS_SRC}/xfs
                 ${LIBXFS_SRC}/xfs/libxfs ${CMAKE_CURRENT_SOURCE_DIR})
  target_compile_options(test_libxfs_${name} PRIVATE
                 -iquote ${LIBXFS_SRC}/shim)
  add_test(NAME libxfs_${name} COMMAND test_libxfs_${name})
endfunction()

foreach(t iext alloc bmap bmapi)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test_libxfs_${t}.c)
    libxfs_add_test(${t})
  endif()
endforeach()
