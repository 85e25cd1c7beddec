# Hostile input (tests/hostile.sh): every command and script given missing,
# directory, empty, garbage, NUL, non-UTF-8, huge, negative and overflowing
# numbers, very long lines, the wrong format and contradicting options must
# give its documented exit code and one line naming what and where (or the
# right answer), and leave the source tree as it was.  Runs in the ASan+UBSan
# tree too (scripts/test), where an error path that leaks fails.
foreach(group run tools import kcheck scripts)
  add_test(NAME hostile_${group}
           COMMAND ${CMAKE_CURRENT_LIST_DIR}/hostile.sh ${group} ${PROJECT_SOURCE_DIR}
                   $<TARGET_FILE:cowfuzz>)
endforeach()
