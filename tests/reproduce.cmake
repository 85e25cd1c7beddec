# cowfuzz reproduce (docs/reproduce.md).  reproduce_compile runs in both
# trees and touches no kernel; the kernel-labelled ones need root and a
# loop device (host) or Debian's user-mode-linux package (uml) and skip
# with 77 otherwise.  Budgets keep each under a minute on 2 cores.
set(RP_DIR ${CMAKE_CURRENT_SOURCE_DIR})
add_test(NAME reproduce_compile
         COMMAND bash ${RP_DIR}/reproduce_compile.sh $<TARGET_FILE:cowfuzz> ${COWFUZZ_ROOT})
add_test(NAME reproduce_host_v618_bugs
         COMMAND bash ${RP_DIR}/reproduce_kernel.sh $<TARGET_FILE:cowfuzz> ${COWFUZZ_ROOT} host bugs 200)
add_test(NAME reproduce_host_no_race
         COMMAND bash ${RP_DIR}/reproduce_kernel.sh $<TARGET_FILE:cowfuzz> ${COWFUZZ_ROOT} host none 10)
add_test(NAME reproduce_uml_v618_bugs
         COMMAND bash ${RP_DIR}/reproduce_kernel.sh $<TARGET_FILE:cowfuzz> ${COWFUZZ_ROOT} uml bugs 3)
add_test(NAME reproduce_uml_no_race
         COMMAND bash ${RP_DIR}/reproduce_kernel.sh $<TARGET_FILE:cowfuzz> ${COWFUZZ_ROOT} uml none 2)
set_tests_properties(reproduce_host_v618_bugs reproduce_host_no_race
                     reproduce_uml_v618_bugs reproduce_uml_no_race
                     PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS kernel)
# two reproducers must not share the machine's loop devices or time
set_tests_properties(reproduce_host_v618_bugs reproduce_host_no_race
                     reproduce_uml_v618_bugs reproduce_uml_no_race
                     PROPERTIES RESOURCE_LOCK real_kernel)
set_tests_properties(reproduce_compile PROPERTIES TIMEOUT 300)
