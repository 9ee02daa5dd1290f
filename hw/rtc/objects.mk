kemu-obj += hw/rtc/pl031.o
