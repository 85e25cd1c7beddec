# Crash triage (docs/triage.md): findings/ as regression tests, the
# structural minimizer, and `cowfuzz triage`.
#  - triage_finding_<dir>_*: every findings/<dir>/finding.txt, read at
#    configure time.  The minimized .scn fires its class (exit code) and
#    site on each buggy profile listed and passes on the fixing profile; the
#    fuzzer's original input does the same on the profile it was found on
#    (unless the finding says "input-replays: no").
#  - triage_minimize_*: the seed bug's fuzzer crash shrinks to at most
#    trace-a.scn's 5 operations without changing class or site; an input
#    holding two bugs keeps the one it started with; same input, same bytes.
#  - triage_cli: triage output lines and exit codes (known, new, ok, bad).
set(TRIAGE_BIN $<TARGET_FILE:cowfuzz>)
set(TRIAGE_SH ${CMAKE_CURRENT_LIST_DIR}/triage_check.sh)
set(TRIAGE_FX ${CMAKE_CURRENT_LIST_DIR}/fixtures/triage)
set(TRIAGE_FINDINGS ${PROJECT_SOURCE_DIR}/findings)
set(TRIAGE_SEED_MAXOPS 5)	# tests/scenarios/trace-a.scn

# DESIGN §7: the fixed exit code of each class
set(TRIAGE_CODE_stale-whichfork 10)
set(TRIAGE_CODE_write-tossed 11)
set(TRIAGE_CODE_data-loss 12)
set(TRIAGE_CODE_stale-data 13)
set(TRIAGE_CODE_invariant 14)
set(TRIAGE_CODE_error-not-reported 15)
set(TRIAGE_CODE_error-invented 16)
set(TRIAGE_CODE_liveness 17)

# The value of "KEY: value" in a finding.txt (empty if absent).
function(triage_key file key out)
  file(STRINGS ${file} _l REGEX "^${key}:")
  string(REGEX REPLACE "^${key}:[ \t]*" "" _v "${_l}")
  string(REGEX REPLACE "[ \t]*#.*$" "" _v "${_v}")
  string(STRIP "${_v}" _v)
  set(${out} "${_v}" PARENT_SCOPE)
endfunction()

file(GLOB TRIAGE_FINDING_FILES CONFIGURE_DEPENDS ${TRIAGE_FINDINGS}/*/finding.txt)
list(SORT TRIAGE_FINDING_FILES)
foreach(ff ${TRIAGE_FINDING_FILES})
  get_filename_component(fdir ${ff} DIRECTORY)
  get_filename_component(fname ${fdir} NAME)
  string(REGEX REPLACE "[^A-Za-z0-9_.-]" "_" tname "${fname}")
  triage_key(${ff} class fclass)
  triage_key(${ff} profiles fprofiles)
  triage_key(${ff} fixed-by ffixed)
  triage_key(${ff} found-on ffound)
  triage_key(${ff} input finput)
  triage_key(${ff} input-replays freplays)
  set(fcode "${TRIAGE_CODE_${fclass}}")
  if(fcode STREQUAL "" OR fprofiles STREQUAL "" OR ffixed STREQUAL "")
    # a malformed finding is a failing test, not a configure error
    add_test(NAME triage_finding_${tname}_malformed
             COMMAND ${CMAKE_COMMAND} -E echo "${ff}: needs class, profiles and fixed-by")
    set_tests_properties(triage_finding_${tname}_malformed PROPERTIES WILL_FAIL TRUE)
    continue()
  endif()
  string(REPLACE " " ";" fprofiles "${fprofiles}")
  add_test(NAME triage_finding_${tname}_complete
           COMMAND ${TRIAGE_SH} complete ${fdir})
  foreach(p ${fprofiles})
    add_test(NAME triage_finding_${tname}_fires_${p}
             COMMAND ${TRIAGE_SH} fires ${TRIAGE_BIN} ${TRIAGE_FINDINGS} ${fname}
                     ${fdir}/minimized.scn ${p} ${fclass} ${fcode})
  endforeach()
  if(NOT ffound STREQUAL "")
    add_test(NAME triage_finding_${tname}_trace_current
             COMMAND ${TRIAGE_SH} trace ${TRIAGE_BIN} ${fdir} ${ffound})
  endif()
  add_test(NAME triage_finding_${tname}_passes_${ffixed}
           COMMAND ${TRIAGE_SH} passes ${TRIAGE_BIN} ${fdir}/minimized.scn ${ffixed})
  # A random fuzzer input can stop reaching the bug when the port changes
  # (yield points, step counts); "input-replays: no" records that and keeps
  # the minimized scenario as the test.
  if(NOT finput STREQUAL "" AND NOT ffound STREQUAL "" AND NOT freplays STREQUAL "no")
    add_test(NAME triage_finding_${tname}_input_fires_${ffound}
             COMMAND ${TRIAGE_SH} fires ${TRIAGE_BIN} ${TRIAGE_FINDINGS} ${fname}
                     ${fdir}/${finput} ${ffound} ${fclass} ${fcode})
    add_test(NAME triage_finding_${tname}_input_passes_${ffixed}
             COMMAND ${TRIAGE_SH} passes ${TRIAGE_BIN} ${fdir}/${finput} ${ffixed})
  endif()
endforeach()

# The seed bug as the fuzzer found it (a copy of its crash file).
add_test(NAME triage_minimize_seed
         COMMAND ${TRIAGE_SH} minimize ${TRIAGE_BIN} ${TRIAGE_FX}/seed-crash.bin
                 7588cbeec6df-v5.5 ${TRIAGE_SEED_MAXOPS} c2f09217a430)
add_test(NAME triage_minimize_seed_plain
         COMMAND ${TRIAGE_SH} minimize ${TRIAGE_BIN} ${TRIAGE_FX}/seed-crash.bin
                 7588cbeec6df-v5.5 ${TRIAGE_SEED_MAXOPS})
add_test(NAME triage_minimize_two_bugs
         COMMAND ${TRIAGE_SH} two-bugs ${TRIAGE_BIN} ${TRIAGE_FX}/two-bugs.scn
                 ${TRIAGE_FX}/two-bugs-other.scn 7588cbeec6df-v5.5)
set_tests_properties(triage_minimize_two_bugs PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME triage_minimize_determinism
         COMMAND ${TRIAGE_SH} determinism ${TRIAGE_BIN} ${TRIAGE_FX}/seed-crash.bin
                 7588cbeec6df-v5.5)
add_test(NAME triage_minimize_determinism_text
         COMMAND ${TRIAGE_SH} determinism ${TRIAGE_BIN} ${TRIAGE_FX}/two-bugs.scn
                 7588cbeec6df-v5.5)
add_test(NAME triage_cli COMMAND ${TRIAGE_SH} cli ${TRIAGE_BIN} ${TRIAGE_FX})

add_executable(test_triage_unit ${CMAKE_CURRENT_LIST_DIR}/test_triage_unit.c)
target_link_libraries(test_triage_unit PRIVATE cowfuzz_triage)
add_test(NAME triage_unit COMMAND test_triage_unit)
