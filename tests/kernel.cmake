# kernel-check and export against the host's real XFS (DESIGN §10, §11).
# Every test here exits 77 (skipped) where there is no root, no loop device
# or no mkfs.xfs/xfs_io; the fsx round trip also when `cowfuzz import` is
# not built.  Together they take well under a minute on 2 cores.
set(KT_DIR ${CMAKE_CURRENT_SOURCE_DIR})

add_test(NAME kernel_check_corpus
         COMMAND sh ${KT_DIR}/kernel_check_corpus.sh $<TARGET_FILE:cowfuzz> ${COWFUZZ_ROOT})
# 300 random sequential scenarios, seeded: the same ones on every run.
add_test(NAME kernel_check_generated
         COMMAND $<TARGET_FILE:cowfuzz> kernel-check --generate 300 --seed 20261125)
# --profile: the default (newest) agrees on an atomic write, the fixed one not
add_test(NAME kernel_check_profile
         COMMAND sh ${KT_DIR}/kernel_check_profile.sh $<TARGET_FILE:cowfuzz>)
add_test(NAME kernel_export_xfs_io
         COMMAND sh ${KT_DIR}/kernel_export.sh $<TARGET_FILE:cowfuzz> ${COWFUZZ_ROOT} 20)
add_test(NAME kernel_export_fsx_grammar
         COMMAND python3 ${KT_DIR}/kernel_fsx.py grammar $<TARGET_FILE:cowfuzz>
                 ${COWFUZZ_ROOT} ${COWFUZZ_SHARED})
add_test(NAME kernel_export_fsx_roundtrip
         COMMAND python3 ${KT_DIR}/kernel_fsx.py roundtrip $<TARGET_FILE:cowfuzz>
                 ${COWFUZZ_ROOT})
set_tests_properties(kernel_check_corpus kernel_check_generated kernel_check_profile
                     kernel_export_xfs_io kernel_export_fsx_grammar
                     kernel_export_fsx_roundtrip
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 240 LABELS kernel)
# faultdisk (only where fuse3 was found): arguments, then a failed and a
# held write on a loop XFS (skips with 77 without root or /dev/fuse)
if(TARGET faultdisk)
  add_test(NAME kernel_faultdisk
           COMMAND bash ${KT_DIR}/kernel_faultdisk.sh $<TARGET_FILE:faultdisk> ${COWFUZZ_ROOT})
  set_tests_properties(kernel_faultdisk PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 LABELS kernel)
endif()
